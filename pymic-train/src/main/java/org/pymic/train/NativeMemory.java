package org.pymic.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Gives freed native memory back to the operating system. The engine's tensors are allocated by the C
 * library's malloc, which keeps freed blocks below its mmap threshold in its heap (and, with the
 * launcher's {@code PYMIC_MALLOC_TUNING=1}, every block, untrimmed). Before a validation and after each
 * validation or inference case, whose arrays differ in size from the steps' and from case to case,
 * {@code malloc_trim(0)} releases the free pages, so that the resident memory does not keep the sum of
 * every case's leftovers. A no-op where there is no glibc.
 */
public final class NativeMemory {
    private static final Function TRIM = find();

    private NativeMemory() {
    }

    private static Function find() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** Whether {@link #trim} can release memory here (Linux with glibc). */
    public static boolean available() {
        return TRIM != null;
    }

    /** {@code malloc_trim(0)}; true when memory was released. */
    public static boolean trim() {
        if (TRIM == null) {
            return false;
        }
        try {
            return TRIM.invokeInt(new Object[] {0L}) != 0;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
