package dev.quill.train.model;

import dev.quill.core.model.LlamaConfig;
import dev.quill.core.safetensors.SafeTensorsWriter;
import dev.quill.core.tensor.DType;
import dev.quill.core.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a trained model as a Hugging Face-layout directory that {@link dev.quill.core.model.LlamaModel#load} reads. */
public final class ModelExport {
    private ModelExport() {}

    public static void write(Path dir, TrainableLlama model, BpeTokenizer tokenizer, DType dtype) throws IOException {
        Files.createDirectories(dir);
        LlamaConfig c = model.config();
        c.save(dir.resolve("config.json"));
        SafeTensorsWriter w = new SafeTensorsWriter().metadata("format", "pt");
        for (Parameter p : model.parameters()) {
            // norm gains stay F32 (tiny, and rounding them shifts every activation); matrices take the export type
            w.put(p.name, p.shape.length == 1 ? DType.F32 : dtype, p.shape, p.value);
        }
        w.write(dir.resolve("model.safetensors"));
        tokenizer.save(dir.resolve("tokenizer.json"));
    }
}
