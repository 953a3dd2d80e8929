package dev.screenshots.model.capture;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The annotated string is an absolute {@code http} or {@code https} URL with a host, at
 * most {@value HttpUrlValidator#MAX_LENGTH} characters long. {@code null} is valid
 * (combine with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = HttpUrlValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface HttpUrl {

	String message() default "must be an absolute http or https URL";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
