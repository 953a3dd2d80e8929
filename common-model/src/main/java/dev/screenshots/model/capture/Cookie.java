package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A cookie set before the page loads. Without a {@code domain}, it belongs to the page's
 * host.
 *
 * @param name the name
 * @param value the value
 * @param domain the domain, e.g. {@code .example.com}
 * @param path the path, default {@code /}
 * @param secure send over HTTPS only
 * @param httpOnly hide from scripts
 * @param sameSite {@code strict}, {@code lax} or {@code none}
 */
public record Cookie(
		@NotBlank @Size(max = 256) @Pattern(regexp = "[^\\s;,=]+",
				message = "must not contain spaces, ';', ',' or '='") String name,
		@NotNull @Size(max = 4096) String value, @Size(max = 253) String domain, @Size(max = 1024) String path,
		Boolean secure, Boolean httpOnly, SameSite sameSite) {

	/**
	 * The SameSite attribute.
	 */
	public enum SameSite {

		@JsonProperty("strict")
		STRICT, @JsonProperty("lax")
		LAX, @JsonProperty("none")
		NONE

	}

	@Override
	public String toString() {
		return "Cookie[name=" + this.name + ", value=(redacted), domain=" + this.domain + "]";
	}

}
