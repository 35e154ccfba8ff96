package org.pymic.core.registry;

/** Value types of declared parameters, as PyMIC's INI values are typed. */
public enum ParamType {
    INT, FLOAT, BOOL, STRING, INT_LIST, FLOAT_LIST, STRING_LIST,
    /** A list of anything (numbers, strings, nested lists). */
    LIST,
    /** Any value, not checked. */
    ANY;

    public String label() {
        return name().toLowerCase().replace('_', ' ');
    }
}
