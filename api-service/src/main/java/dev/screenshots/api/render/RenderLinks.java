package dev.screenshots.api.render;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.apikeys.ApiKeys;
import dev.screenshots.api.screenshots.CacheProperties;
import dev.screenshots.api.screenshots.Reuse;
import dev.screenshots.api.system.FieldProblem;
import dev.screenshots.api.system.InvalidFieldException;
import dev.screenshots.api.system.SigningSecrets;
import dev.screenshots.model.capture.CaptureOptions;
import dev.screenshots.model.capture.CaptureRequest;

/**
 * Checks a render link's signature and expiry, and reads the capture request it stands
 * for.
 *
 * <p>
 * Options are the fields of {@code options} in {@code POST /screenshots}, by the same
 * names, with their values as text: {@code width=1200&fullPage=true&format=jpeg}. A list
 * repeats its parameter ({@code hideSelectors=.a&hideSelectors=.b}); a nested field is
 * named by its path ({@code clip.x=0}, {@code extraHeaders.Accept-Language=de}), and an
 * element of a list of objects by its index ({@code actions.0.type=click}). Besides
 * {@code url} and the options, a link has {@code key} (the id of an API key of the
 * tenant), {@code expires} (Unix seconds), {@code cache_ttl} (seconds), {@code refresh}
 * and {@code signature}; any other parameter is refused.
 */
@Component
class RenderLinks {

	static final Set<String> RESERVED = Set.of("url", "key", "expires", "signature", "cache_ttl", "refresh");

	private static final Pattern SIGNATURE_FORMAT = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern INDEX = Pattern.compile("[0-9]{1,3}");

	/**
	 * Reads option values from text: {@code "1200"} as a number, {@code "true"} as a
	 * boolean, one value as a list of one. Unknown fields are refused as in the JSON API.
	 */
	private static final JsonMapper QUERY_VALUES = JsonMapper.builder()
		.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
		.build();

	private final ApiKeys keys;

	private final RenderSecrets secrets;

	private final RenderProperties properties;

	private final Validator validator;

	private final CacheProperties cache;

	RenderLinks(ApiKeys keys, RenderSecrets secrets, RenderProperties properties, Validator validator,
			CacheProperties cache) {
		this.cache = cache;
		this.keys = keys;
		this.secrets = secrets;
		this.properties = properties;
		this.validator = validator;
	}

	/**
	 * Checks the link's signature and expiry.
	 * @param link the link
	 * @return the key it names, on whose behalf it captures
	 * @throws RenderLinkRefusedException if it is unsigned, badly signed or expired
	 */
	ApiKeyPrincipal authenticate(RenderLink link) {
		String keyId = link.single("key")
			.orElseThrow(() -> RenderLinkRefusedException.unsigned("The link has no 'key' parameter"));
		String signature = link.single(RenderLink.SIGNATURE)
			.orElseThrow(() -> RenderLinkRefusedException.unsigned("The link has no 'signature' parameter"));
		if (!SIGNATURE_FORMAT.matcher(signature).matches()) {
			throw RenderLinkRefusedException
				.unsigned("The signature must be 64 lower-case hex digits (HMAC-SHA256 of the canonical query)");
		}
		UUID id;
		try {
			id = UUID.fromString(keyId);
		}
		catch (IllegalArgumentException ex) {
			throw RenderLinkRefusedException.unsigned("'key' must be the id of an API key");
		}
		ApiKeyPrincipal caller = this.keys.byId(id).orElseThrow(RenderLinkRefusedException::badSignature);
		Optional<SigningSecrets.Secrets> valid = this.secrets.read(caller.tenant());
		byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
		String canonical = link.canonical();
		boolean signed = valid.isPresent() && valid.get()
			.valid()
			.stream()
			.anyMatch((secret) -> MessageDigest.isEqual(given,
					RenderLink.sign(secret, canonical).getBytes(StandardCharsets.US_ASCII)));
		if (!signed) {
			throw RenderLinkRefusedException.badSignature();
		}
		Optional<Instant> expires = expires(link);
		Instant now = Instant.now();
		if (expires.isPresent() && !expires.get().isAfter(now)) {
			throw RenderLinkRefusedException.expired();
		}
		boolean farOrNever = expires.isEmpty() || expires.get().isAfter(now.plus(this.properties.maxLinkLifetime()));
		if (farOrNever && !this.secrets.allowsLinksWithoutExpiry(caller.tenant())) {
			throw expires.isEmpty() ? RenderLinkRefusedException.expiryRequired()
					: RenderLinkRefusedException.expiryTooFar(this.properties.maxLinkLifetime());
		}
		return caller;
	}

	/**
	 * When the link stops working.
	 * @param link the link
	 * @return its {@code expires}, or empty for a link that never expires
	 */
	static Optional<Instant> expires(RenderLink link) {
		return link.single("expires").map((value) -> {
			try {
				return Instant.ofEpochSecond(Long.parseLong(value));
			}
			catch (NumberFormatException | java.time.DateTimeException ex) {
				throw new InvalidFieldException("expires", "must be a time in Unix seconds");
			}
		});
	}

	/**
	 * Reads the capture request and the cache parameters of a signed link.
	 * @param link the link
	 * @return what to capture and what may be reused
	 * @throws InvalidFieldException naming the parameters that are unknown or invalid
	 */
	RenderRequest request(RenderLink link) {
		String url = link.single("url").orElseThrow(() -> new InvalidFieldException("url", "is required"));
		Duration ttl = link.single("cache_ttl").map(this::cacheTtl).orElse(this.cache.defaultTtl());
		boolean refresh = link.single("refresh").map(RenderLinks::bool).orElse(false);
		CaptureOptions options = options(link);
		CaptureRequest request = new CaptureRequest(url, null, options);
		Set<ConstraintViolation<CaptureRequest>> violations = this.validator.validate(request);
		if (!violations.isEmpty()) {
			throw new InvalidFieldException(violations.stream()
				.map((violation) -> new FieldProblem(parameter(violation.getPropertyPath().toString()),
						violation.getMessage()))
				.sorted(Comparator.comparing(FieldProblem::field))
				.toList());
		}
		return new RenderRequest(request, new Reuse(ttl, this.properties.failedCacheTtl(), refresh, true, false));
	}

	private Duration cacheTtl(String value) {
		long seconds;
		try {
			seconds = Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			throw new InvalidFieldException("cache_ttl", "must be a number of seconds");
		}
		if (seconds < 0 || seconds > this.cache.maxTtl().toSeconds()) {
			throw new InvalidFieldException("cache_ttl",
					"must be between 0 and " + this.cache.maxTtl().toSeconds() + " (api.cache.max-ttl)");
		}
		return Duration.ofSeconds(seconds);
	}

	private static boolean bool(String value) {
		return switch (value) {
			case "true", "1" -> true;
			case "false", "0" -> false;
			default -> throw new InvalidFieldException("refresh", "must be true or false");
		};
	}

	/**
	 * Builds the options object from the parameters' paths and binds it.
	 */
	private static CaptureOptions options(RenderLink link) {
		Map<String, List<String>> byName = new LinkedHashMap<>();
		for (RenderLink.Param param : link.params()) {
			if (!RESERVED.contains(param.name())) {
				byName.computeIfAbsent(param.name(), (name) -> new ArrayList<>()).add(param.value());
			}
		}
		ObjectNode root = QUERY_VALUES.createObjectNode();
		byName.forEach((name, values) -> put(root, name, values));
		try {
			return QUERY_VALUES.treeToValue(root, CaptureOptions.class);
		}
		catch (UnrecognizedPropertyException ex) {
			throw new InvalidFieldException(path(ex), "unknown parameter");
		}
		catch (JacksonException ex) {
			throw new InvalidFieldException(path(ex), "invalid value");
		}
	}

	private static void put(ObjectNode root, String name, List<String> values) {
		String[] segments = name.split("\\.", -1);
		JsonNode container = root;
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			boolean last = i == segments.length - 1;
			boolean nextIsIndex = !last && INDEX.matcher(segments[i + 1]).matches();
			if (segment.isEmpty()) {
				throw new InvalidFieldException(name, "unknown parameter");
			}
			JsonNode child;
			if (container instanceof ObjectNode object) {
				if (last) {
					if (object.has(segment)) {
						throw new InvalidFieldException(name, "is given both as a value and as fields");
					}
					object.set(segment, leaf(values));
					return;
				}
				child = object.get(segment);
				if (child == null) {
					child = nextIsIndex ? object.putArray(segment) : object.putObject(segment);
				}
			}
			else if (container instanceof ArrayNode array && INDEX.matcher(segment).matches()) {
				int index = Integer.parseInt(segment);
				while (array.size() <= index) {
					array.addNull();
				}
				if (last) {
					array.set(index, leaf(values));
					return;
				}
				child = array.get(index);
				if (child.isNull()) {
					child = nextIsIndex ? QUERY_VALUES.createArrayNode() : QUERY_VALUES.createObjectNode();
					array.set(index, child);
				}
			}
			else {
				throw new InvalidFieldException(name, "is given both as a value and as fields");
			}
			if (!child.isContainer()) {
				throw new InvalidFieldException(name, "is given both as a value and as fields");
			}
			container = child;
		}
	}

	private static JsonNode leaf(List<String> values) {
		if (values.size() == 1) {
			return QUERY_VALUES.getNodeFactory().stringNode(values.get(0));
		}
		ArrayNode array = QUERY_VALUES.createArrayNode();
		values.forEach(array::add);
		return array;
	}

	/** A Jackson path as the query names it: {@code actions.0.type}. */
	private static String path(JacksonException ex) {
		List<String> segments = new ArrayList<>();
		for (JacksonException.Reference reference : ex.getPath()) {
			segments.add((reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()));
		}
		return String.join(".", segments);
	}

	/**
	 * A validation path as the query names it: {@code options.actions[0].type} becomes
	 * {@code actions.0.type}.
	 */
	private static String parameter(String propertyPath) {
		String path = propertyPath.startsWith("options.") ? propertyPath.substring("options.".length()) : propertyPath;
		path = path.replaceAll("\\[(\\d+)\\]", ".$1").replaceAll("\\[([^\\]]*)\\]", ".$1").replace("<map value>", "");
		// the trailing dots cut by hand: the pattern "\\.+$" is quadratic on many dots
		int end = path.length();
		while (end > 0 && path.charAt(end - 1) == '.') {
			end--;
		}
		return path.substring(0, end);
	}

	/**
	 * A signed link's capture request.
	 *
	 * @param capture what to capture
	 * @param reuse what earlier captures may answer it
	 */
	record RenderRequest(CaptureRequest capture, Reuse reuse) {
	}

}
