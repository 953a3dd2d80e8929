package dev.screenshots.api.render;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.system.SigningSecrets;

/**
 * The tenant's render-link signing secret, its rotation, and whether links may omit
 * {@code expires}.
 */
@RestController
class RenderSecretController {

	private final RenderSecrets secrets;

	RenderSecretController(RenderSecrets secrets) {
		this.secrets = secrets;
	}

	@Operation(summary = "Get the render-link signing secret",
			description = "The tenant's secret (rsec_…) that signs GET /render links, made on first use, and the caller's key id for the links' key parameter.")
	@GetMapping(path = "/render-secret", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView secret(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return view(caller, this.secrets.forTenant(caller.tenant()));
	}

	@Operation(summary = "Rotate the render-link signing secret",
			description = "Replaces the tenant's secret. Links signed with the previous one keep working for the grace period (api.render.rotation-grace).")
	@PostMapping(path = "/render-secret/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView rotate(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return view(caller, this.secrets.rotate(caller.tenant()));
	}

	@Operation(summary = "Change render-link settings",
			description = "allowLinksWithoutExpiry: whether links without an expires parameter (links that never expire) are accepted; off by default.")
	@PatchMapping(path = "/render-secret", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	SecretView settings(@Valid @RequestBody Settings settings, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		this.secrets.allowLinksWithoutExpiry(caller.tenant(), settings.allowLinksWithoutExpiry());
		return view(caller, this.secrets.forTenant(caller.tenant()));
	}

	private SecretView view(ApiKeyPrincipal caller, SigningSecrets.Secrets secrets) {
		return new SecretView(caller.tenant(), caller.keyId(), secrets.current(), secrets.previousValidUntil(),
				this.secrets.allowsLinksWithoutExpiry(caller.tenant()));
	}

	/**
	 * The tenant's render-link settings.
	 *
	 * @param allowLinksWithoutExpiry accept links without {@code expires}
	 */
	record Settings(@NotNull Boolean allowLinksWithoutExpiry) {
	}

	/**
	 * The tenant's render-link secret.
	 *
	 * @param tenant the tenant
	 * @param keyId the calling key's id: a link's {@code key} parameter
	 * @param secret the secret that signs links ({@code rsec_…}; the HMAC key is this
	 * string as UTF-8 bytes)
	 * @param previousSecretValidUntil after a rotation: until when links signed with the
	 * previous secret still work
	 * @param allowLinksWithoutExpiry whether links without {@code expires} are accepted
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SecretView(String tenant, UUID keyId, String secret, Instant previousSecretValidUntil,
			boolean allowLinksWithoutExpiry) {
	}

}
