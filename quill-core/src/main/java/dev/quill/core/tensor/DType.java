package dev.quill.core.tensor;

/** Element types of stored weights, named as safetensors names them. */
public enum DType {
    F32(4),
    F16(2),
    BF16(2);

    private final int sizeBytes;

    DType(int sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public int sizeBytes() {
        return sizeBytes;
    }
}
