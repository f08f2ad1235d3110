/**
 * The hot operations of the forward pass behind one interface, {@link dev.quill.core.kernels.Kernels}:
 * a scalar reference ({@link dev.quill.core.kernels.ScalarKernels}) and a Vector API implementation
 * on a fixed {@link dev.quill.core.kernels.WorkerPool} ({@link dev.quill.core.kernels.VectorKernels}),
 * held to each other by tests.
 */
package dev.quill.core.kernels;
