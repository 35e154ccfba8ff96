package org.pymic.core.config;

/** How serious a {@link ConfigProblem} is: an error stops a run, a warning is only reported. */
public enum Severity {
    ERROR, WARNING
}
