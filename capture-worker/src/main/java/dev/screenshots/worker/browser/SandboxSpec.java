package dev.screenshots.worker.browser;

import java.util.List;
import java.util.Optional;

import dev.screenshots.model.capture.ResolvedOptions;

/**
 * What a new sandbox looks like to the page, and what it must not load: the job's
 * resolved viewport, context and blocking options.
 *
 * @param viewport the viewport and device
 * @param context what the browser context emulates and sends
 * @param blocking request types and URLs not loaded
 * @param cookieUrl the URL cookies without a domain belong to (the job's page)
 */
public record SandboxSpec(ResolvedOptions.Viewport viewport, ResolvedOptions.Context context,
		ResolvedOptions.Blocking blocking, String cookieUrl) {

	/**
	 * What a sandbox prepared ahead of its job must match: the spec without the job's
	 * URL, which only matters for cookies.
	 * @return the spec to prepare a spare sandbox with, or empty when the spec sets
	 * cookies (a sandbox with cookies is made for its job alone)
	 */
	Optional<SandboxSpec> withoutJob() {
		if (!this.context.cookies().isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new SandboxSpec(this.viewport, this.context, this.blocking, null));
	}

	/**
	 * A plain desktop sandbox of a given size, for tests and simple tasks.
	 * @param width viewport width
	 * @param height viewport height
	 * @return the spec
	 */
	public static SandboxSpec viewport(int width, int height) {
		return new SandboxSpec(new ResolvedOptions.Viewport(width, height, 1, false, false),
				ResolvedOptions.defaults().context(), ResolvedOptions.Blocking.of(List.of(), List.of()), null);
	}

}
