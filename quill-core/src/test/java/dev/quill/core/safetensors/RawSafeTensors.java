package dev.quill.core.safetensors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, independently of {@link SafeTensorsWriter}. */
final class RawSafeTensors {

    private RawSafeTensors() {}

    /** u64 little-endian header length, the header's UTF-8 bytes, then {@code data}. */
    static Path write(Path file, String headerJson, byte[] data) throws IOException {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        return writeWithDeclaredHeaderLength(file, header.length, header, data);
    }

    /** Like {@link #write} with {@code dataBytes} zero bytes of data. */
    static Path write(Path file, String headerJson, int dataBytes) throws IOException {
        return write(file, headerJson, new byte[dataBytes]);
    }

    /** Declares {@code headerLength} whatever the real length of {@code header} is. */
    static Path writeWithDeclaredHeaderLength(Path file, long headerLength, byte[] header, byte[] data)
            throws IOException {
        byte[] bytes = new byte[8 + header.length + data.length];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (headerLength >>> (8 * i));
        }
        System.arraycopy(header, 0, bytes, 8, header.length);
        System.arraycopy(data, 0, bytes, 8 + header.length, data.length);
        Files.write(file, bytes);
        return file;
    }

    static byte[] bytes(int... unsignedBytes) {
        byte[] out = new byte[unsignedBytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) unsignedBytes[i];
        }
        return out;
    }
}
