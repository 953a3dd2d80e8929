package dev.screenshots.api.baselines;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Import;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.screenshots.api.apikeys.ApiKeyPrincipal;
import dev.screenshots.api.jobs.JobNotFoundException;
import dev.screenshots.api.jobs.ScreenshotJob;
import dev.screenshots.api.screenshots.ImageNotFoundException;
import dev.screenshots.api.screenshots.JobNotCompletedException;
import dev.screenshots.api.screenshots.ScreenshotService;
import dev.screenshots.api.system.InvalidFieldException;
import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.job.JobStatus;
import dev.screenshots.runtime.baselines.BaselineConfiguration;
import dev.screenshots.runtime.baselines.BaselineImage;
import dev.screenshots.runtime.baselines.BaselineStore;
import dev.screenshots.runtime.baselines.BaselineVersion;

/**
 * Named, per-tenant reference pictures for {@code compare}: {@code PUT /baselines/{name}}
 * sets a new version from a completed job (every earlier version is kept), {@code POST
 * /screenshots/{id}/approve} makes a compared capture the new version of its baseline;
 * reading, listing, downloading and deleting.
 */
@RestController
@Import(BaselineConfiguration.class)
class BaselineController {

	private final BaselineStore baselines;

	private final ScreenshotService screenshots;

	private final JsonMapper json;

	BaselineController(BaselineStore baselines, ScreenshotService screenshots, JsonMapper json) {
		this.baselines = baselines;
		this.screenshots = screenshots;
		this.json = json;
	}

	@Operation(summary = "Set a baseline",
			description = "Makes a completed job's image the new version of the named baseline (created if new; earlier versions are kept). 201 for a new baseline, 200 for a new version.")
	@PutMapping(path = "/baselines/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<BaselineView> set(@PathVariable String name, @Valid @RequestBody BaselineRequest request,
			@AuthenticationPrincipal ApiKeyPrincipal caller) {
		checkName(name);
		ScreenshotJob job = usableJob(request.jobId(), caller.tenant());
		BaselineVersion version = add(caller.tenant(), name, job, "set");
		return ResponseEntity.status((version.version() == 1) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(view(caller.tenant(), name));
	}

	@Operation(summary = "Approve a compared capture",
			description = "Makes the job's image the new version of the baseline its compare named.")
	@PostMapping(path = "/screenshots/{id}/approve", produces = MediaType.APPLICATION_JSON_VALUE)
	BaselineView approve(@PathVariable String id, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		UUID jobId = JobNotFoundException.parse(id);
		ScreenshotJob job = usableJob(jobId, caller.tenant());
		if (job.compare() == null) {
			throw new NotABaselineImageException("NOT_COMPARED",
					"The job was not compared with a baseline; use PUT /baselines/{name} to make it one");
		}
		String name = this.json.readValue(job.compare(), Compare.class).baseline();
		add(caller.tenant(), name, job, "approved");
		return view(caller.tenant(), name);
	}

	@Operation(summary = "List baselines", description = "The tenant's baselines with their current versions, by name.")
	@GetMapping(path = "/baselines", produces = MediaType.APPLICATION_JSON_VALUE)
	BaselineView.Page list(@AuthenticationPrincipal ApiKeyPrincipal caller) {
		return new BaselineView.Page(
				this.baselines.list(caller.tenant()).stream().map((current) -> view(current, null)).toList());
	}

	@Operation(summary = "Get a baseline", description = "The baseline with every version, the newest first.")
	@GetMapping(path = "/baselines/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	BaselineView get(@PathVariable String name, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		return view(caller.tenant(), name);
	}

	@Operation(summary = "Download a baseline's image",
			description = "The image of the current version, or of ?version=n, with its content type and an ETag (its SHA-256).")
	@GetMapping(path = "/baselines/{name}/image")
	ResponseEntity<InputStreamResource> image(@PathVariable String name,
			@RequestParam(required = false) Integer version, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		List<BaselineVersion> versions = this.baselines.versions(caller.tenant(), name);
		BaselineVersion chosen = versions.stream()
			.filter((candidate) -> (version == null) ? candidate == versions.get(0) : candidate.version() == version)
			.findFirst()
			.orElseThrow(() -> new BaselineNotFoundException((version == null) ? name : name + " v" + version));
		byte[] image = this.baselines.image(chosen);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(chosen.contentType()))
			.contentLength(image.length)
			.eTag("\"" + chosen.sha256() + "\"")
			.cacheControl(CacheControl.noCache().cachePrivate())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
				.filename(name + "-v" + chosen.version() + chosen.key().substring(chosen.key().lastIndexOf('.')))
				.build()
				.toString())
			.body(new InputStreamResource(new ByteArrayInputStream(image)));
	}

	@Operation(summary = "Delete a baseline", description = "Deletes the baseline with every version and image.")
	@DeleteMapping("/baselines/{name}")
	ResponseEntity<Void> delete(@PathVariable String name, @AuthenticationPrincipal ApiKeyPrincipal caller) {
		if (!this.baselines.delete(caller.tenant(), name)) {
			throw new BaselineNotFoundException(name);
		}
		return ResponseEntity.noContent().build();
	}

	private BaselineVersion add(String tenant, String name, ScreenshotJob job, String origin) {
		ScreenshotJob.Result result = job.result();
		return this.baselines
			.add(tenant, name, job.id(),
					new BaselineImage(result.bucket(), result.key(), result.contentType(), result.bytes(),
							result.width(), result.height(), result.sha256()),
					origin, false)
			.orElseThrow();
	}

	/** A completed job of the tenant whose image is still stored and is an image. */
	private ScreenshotJob usableJob(UUID id, String tenant) {
		ScreenshotJob job = this.screenshots.row(id, tenant);
		if (job.status() != JobStatus.COMPLETED) {
			throw new JobNotCompletedException(job.status());
		}
		if (job.expiredAt() != null) {
			throw new ImageNotFoundException(job.result().key());
		}
		if (job.result().width() == null) {
			throw new NotABaselineImageException("NOT_AN_IMAGE", "The job's output is a PDF, not an image");
		}
		return job;
	}

	private BaselineView view(String tenant, String name) {
		List<BaselineVersion> versions = this.baselines.versions(tenant, name);
		if (versions.isEmpty()) {
			throw new BaselineNotFoundException(name);
		}
		return view(versions.get(0), versions);
	}

	private static BaselineView view(BaselineVersion current, List<BaselineVersion> versions) {
		String self = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/baselines/{name}")
			.buildAndExpand(current.name())
			.toUriString();
		Map<String, String> links = new LinkedHashMap<>();
		links.put("self", self);
		links.put("image", self + "/image");
		return new BaselineView(current.name(), current.version(), current.createdAt(), version(current, self),
				(versions != null) ? versions.stream().map((version) -> version(version, self)).toList() : null, links);
	}

	private static BaselineView.Version version(BaselineVersion version, String self) {
		return new BaselineView.Version(version.version(), version.jobId(), version.origin(), version.contentType(),
				version.bytes(), version.width(), version.height(), version.sha256(), version.createdAt(),
				self + "/image?version=" + version.version());
	}

	private static void checkName(String name) {
		if (!name.matches(Compare.NAME)) {
			throw new InvalidFieldException("name", Compare.NAME_MESSAGE);
		}
	}

}
