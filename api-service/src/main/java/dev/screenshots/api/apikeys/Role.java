package dev.screenshots.api.apikeys;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a key may do. {@code client} submits and reads its tenant's jobs; {@code admin}
 * also manages keys, the dead-letter queue and sees the worker fleet.
 */
public enum Role {

	CLIENT, ADMIN;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The Spring Security authority of the role.
	 * @return e.g. {@code ROLE_ADMIN}
	 */
	public String authority() {
		return "ROLE_" + name();
	}

	@JsonCreator
	public static Role of(String value) {
		for (Role role : values()) {
			if (role.value().equalsIgnoreCase(value)) {
				return role;
			}
		}
		throw new IllegalArgumentException("must be one of client, admin");
	}

}
