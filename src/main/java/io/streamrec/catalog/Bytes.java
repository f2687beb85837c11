package io.streamrec.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framing the store encodings of this package share: unsigned varints (LEB128), length-prefixed UTF-8
 * strings, big-endian floats and doubles. A truncated or malformed value fails with {@link IllegalArgumentException}.
 */
final class Bytes {
    private Bytes() {
    }

    static final class Writer {
        private byte[] buf;
        private int len;

        Writer(int initial) {
            buf = new byte[Math.max(16, initial)];
        }

        Writer u8(int b) {
            ensure(1);
            buf[len++] = (byte) b;
            return this;
        }

        Writer varint(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("negative varint " + value);
            }
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buf[len++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buf[len++] = (byte) value;
            return this;
        }

        Writer string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, len, utf8.length);
            len += utf8.length;
            return this;
        }

        Writer f32(float f) {
            return fixed(Float.floatToIntBits(f) & 0xFFFFFFFFL, 4);
        }

        Writer f64(double d) {
            return fixed(Double.doubleToLongBits(d), 8);
        }

        private Writer fixed(long bits, int size) {
            ensure(size);
            for (int i = size - 1; i >= 0; i--) {
                buf[len++] = (byte) (bits >>> (8 * i));
            }
            return this;
        }

        private void ensure(int more) {
            if (len + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }

        int count() {
            long n = varint();
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("count " + n + " exceeds the " + (buf.length - pos) + " bytes left");
            }
            return (int) n;
        }

        String string() {
            int n = count();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        float f32() {
            return Float.intBitsToFloat((int) fixed(4));
        }

        double f64() {
            return Double.longBitsToDouble(fixed(8));
        }

        private long fixed(int size) {
            need(size);
            long bits = 0;
            for (int i = 0; i < size; i++) {
                bits = (bits << 8) | (buf[pos++] & 0xFF);
            }
            return bits;
        }

        boolean atEnd() {
            return pos == buf.length;
        }

        private void need(int n) {
            if (pos + n > buf.length) {
                throw new IllegalArgumentException("truncated value: needs " + n + " more bytes at offset " + pos);
            }
        }
    }
}
