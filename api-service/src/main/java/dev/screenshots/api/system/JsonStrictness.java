package dev.screenshots.api.system;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies are read strictly: a value must have the JSON type of its field. Jackson
 * would otherwise turn {@code "fullPage": 2} into {@code true}, {@code "url": 5} into
 * {@code "5"} or {@code "deviceScaleFactor": "1.5"} into {@code 1.5}, hiding client
 * mistakes (a whole number is a number, {@code "deviceScaleFactor": 2} stays valid).
 * (Unknown fields and fractional integers are refused by
 * {@code spring.jackson.deserialization.*} in application.yml.)
 */
@Configuration(proxyBeanMethods = false)
public class JsonStrictness {

	@Bean
	JsonMapperBuilderCustomizer strictScalars() {
		return (builder) -> {
			builder.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail));
			builder.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
			builder.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
			builder.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
			builder.withCoercionConfig(LogicalType.Enum,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
		};
	}

}
