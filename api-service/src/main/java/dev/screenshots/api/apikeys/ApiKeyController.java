package dev.screenshots.api.apikeys;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key management for admins: {@code POST /admin/api-keys} (the answer holds the secret,
 * the only time it is shown), {@code GET /admin/api-keys}, {@code DELETE
 * /admin/api-keys/{id}} (revoke).
 */
@RestController
@RequestMapping(path = "/admin/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiKeyController {

	private final ApiKeys keys;

	ApiKeyController(ApiKeys keys) {
		this.keys = keys;
	}

	@Operation(summary = "Create an API key",
			description = "Creates a key for a tenant and role, with optional per-key limits. The secret is in this answer only; only its hash is stored. Admin keys only.")
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ApiKeyView> create(@Valid @RequestBody NewApiKey request) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.keys.create(request));
	}

	@Operation(summary = "List API keys",
			description = "Every key with its tenant, role, limits and prefix, never its secret. Admin keys only.")
	@GetMapping
	Map<String, List<ApiKeyView>> list() {
		return Map.of("keys", this.keys.list());
	}

	@Operation(summary = "Revoke an API key",
			description = "Revokes a key; it stops working on every api-service instance at once. Admin keys only.")
	@DeleteMapping("/{id}")
	ApiKeyView revoke(@PathVariable UUID id) {
		return this.keys.revoke(id).orElseThrow(() -> new ApiKeyNotFoundException(id));
	}

}
