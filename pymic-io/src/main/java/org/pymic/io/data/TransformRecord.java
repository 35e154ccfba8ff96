package org.pymic.io.data;

import java.util.Map;

/**
 * What one spatial transform did to a sample: its name and the parameters needed to invert it
 * (e.g. crop offsets and the shape before cropping).
 */
public record TransformRecord(String transform, Map<String, Object> params) {
}
