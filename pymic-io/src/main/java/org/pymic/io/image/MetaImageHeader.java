package org.pymic.io.image;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of a MetaImage file ({@code .mha}/{@code .mhd}): its key = value lines in file order,
 * and the element type. Writers copy the keys they do not set themselves (e.g. Modality,
 * AnatomicalOrientation), so a file written from a read volume keeps its metadata.
 */
public final class MetaImageHeader {
    private final Map<String, String> fields;
    private final DataType dataType;

    public MetaImageHeader(Map<String, String> fields, DataType dataType) {
        this.fields = new LinkedHashMap<>(fields);
        this.dataType = dataType;
    }

    /** All key = value pairs as read, in file order (keys as spelled in the file). */
    public Map<String, String> fields() {
        return new LinkedHashMap<>(fields);
    }

    /** The element type of the file. */
    public DataType dataType() {
        return dataType;
    }

    @Override
    public String toString() {
        return "MetaImageHeader" + fields;
    }
}
