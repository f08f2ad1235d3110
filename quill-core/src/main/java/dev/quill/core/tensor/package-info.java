/** Read-only views of stored tensors ({@link dev.quill.core.tensor.Tensor}) and their element types. */
package dev.quill.core.tensor;
