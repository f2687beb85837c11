package io.streamrec.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The byte-level pieces of the session formats: a growing {@link Writer}, a bounds-checked {@link Reader} over an
 * array, var-longs (7 bits a byte, low group first) and zig-zag for signed deltas.
 */
final class SessionBytes {
    private SessionBytes() {
    }

    static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /** A growing byte array: what DataOutputStream does, without its synchronized ByteArrayOutputStream. */
    static final class Writer {
        private byte[] bytes;
        private int size;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void writeByte(int value) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = (byte) value;
        }

        void writeShort(short value) {
            writeByte(value >>> 8);
            writeByte(value);
        }

        void writeLong(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (value >>> shift));
            }
        }

        void writeVarLong(long value) {
            while ((value & ~0x7FL) != 0) {
                writeByte((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            writeByte((int) value);
        }

        /** UTF-8 with a var-long length: one byte of length for any id under 128 bytes. */
        void writeString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            if (size + utf8.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + utf8.length));
            }
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** A cursor over the encoded bytes; running past the end throws IndexOutOfBoundsException. */
    static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        byte readByte() {
            return bytes[position++];
        }

        short readShort() {
            return (short) ((readByte() & 0xFF) << 8 | (readByte() & 0xFF));
        }

        long readLong() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (readByte() & 0xFF);
            }
            return value;
        }

        long readVarLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("corrupt session state: var-long too long");
        }

        String readString() {
            int length = (int) readVarLong();
            if (length < 0 || position + length > bytes.length) {
                throw new IndexOutOfBoundsException("string of " + length + " bytes at " + position);
            }
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }
    }
}
