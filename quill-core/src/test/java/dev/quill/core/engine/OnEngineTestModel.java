package dev.quill.core.engine;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Test classes that run on {@link EngineTest}'s tiny random model: it is written before the
 * class's tests and closed after them (test classes run one after another, so sharing its static
 * fields is safe).
 */
abstract class OnEngineTestModel {
    @BeforeAll
    static void model() throws Exception {
        EngineTest.writeModel();
    }

    @AfterAll
    static void closeModel() throws Exception {
        EngineTest.close();
    }
}
