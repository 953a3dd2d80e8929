package dev.screenshots.api.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;

import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bean Validation names an invalid field by its Java name; a client knows it by its JSON
 * name, which {@code @JsonProperty} may make another (a schedule's {@code notify}, whose
 * record component cannot have that name: its accessor would clash with
 * {@code Object.notify()}). The {@code errors} of a problem name the JSON field.
 */
@Configuration(proxyBeanMethods = false)
class ValidationNames {

	@Bean
	ValidationConfigurationCustomizer jsonFieldNames() {
		return (configuration) -> {
			if (configuration instanceof HibernateValidatorConfiguration hibernate) {
				hibernate.propertyNodeNameProvider(ValidationNames::jsonName);
			}
		};
	}

	/**
	 * The JSON name of a validated property: its field's {@code @JsonProperty}, else its
	 * Java name.
	 * @param property the property
	 * @return the name
	 */
	static String jsonName(Property property) {
		if (property instanceof JavaBeanProperty bean) {
			try {
				JsonProperty json = bean.getDeclaringClass()
					.getDeclaredField(property.getName())
					.getAnnotation(JsonProperty.class);
				if (json != null && !json.value().isEmpty()) {
					return json.value();
				}
			}
			catch (NoSuchFieldException notAField) {
				// a getter of its own (an @AssertTrue check): its Java name
			}
		}
		return property.getName();
	}

}
