package dev.sparkflow.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the annotated test class against the AWS emulator (moto, or LocalStack); see {@link MotoServerExtension}. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MotoServerExtension.class)
public @interface WithMotoServer {
    /** Whether every test starts from an empty emulator ({@link MotoServer#reset()}); the nearest annotation wins. */
    boolean resetBeforeEach() default true;
}
