package dev.screenshots.model.capture;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The string names a {@link DevicePresets device preset}. {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = KnownDevice.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface KnownDevice {

	String message() default "must be a known device (see the device table in the README)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Checks {@link KnownDevice}.
	 */
	class Validator implements ConstraintValidator<KnownDevice, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || DevicePresets.find(value).isPresent();
		}

	}

}
