/**
 * The batching engine. {@link dev.quill.core.engine.Engine} runs one loop on its own thread:
 * the {@link dev.quill.core.engine.Scheduler} plans a step ({@link dev.quill.core.engine.StepPlan},
 * a plain value), the {@link dev.quill.core.engine.ModelRunner} executes it as one forward pass
 * over rows of many sequences, and the scheduler applies the outcome. KV blocks, reference
 * counts and the prefix cache live in one place, {@code KvCacheManager}. Policies
 * ({@link dev.quill.core.engine.SchedulingPolicy}) differ only in admission and step budget, so
 * their difference can be measured. A request may carry a draft of its output
 * ({@link dev.quill.core.engine.EngineRequest#draft()}): its expected tokens ride in the
 * sequence's chunk and those the model confirms need no step of their own (speculative decoding
 * with the request's own text as the proposer; the tutor drafts with the unchanged sentence).
 */
package dev.quill.core.engine;
