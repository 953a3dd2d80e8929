package dev.screenshots.worker.browser;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;

import dev.screenshots.model.capture.BlockList;
import dev.screenshots.model.capture.Emulation;
import dev.screenshots.runtime.security.EgressProxy;
import dev.screenshots.model.security.TargetHost;
import dev.screenshots.model.storage.Sources;
import dev.screenshots.worker.blocking.BlockingRules;
import dev.screenshots.worker.blocking.NetworkRequest;

/**
 * What a job's page may load, and from where: requests the options block
 * ({@code blockResourceTypes}, {@code blockUrlPatterns}) and requests the switched-on
 * filter lists block ({@code blockAds}…) are aborted and counted by reason, a job's files
 * are served at its private origin, and the URL policy's refusals (made by the
 * {@link EgressProxy}) are traced back to the navigation they broke. The main document
 * itself is never blocked by options or lists.
 */
final class RequestRouter {

	private final BrowserContext context;

	private final EgressProxy egress;

	private final Set<String> blockedTypes;

	private final List<UrlGlob> blockedGlobs;

	private final List<String> mainFrameRequests = new ArrayList<>();

	private final BlockingRules rules;

	private final List<BlockList> lists;

	private final Map<BlockList, Integer> blockedByLists = new EnumMap<>(BlockList.class);

	private int blockedByOptions;

	/** Why each aborted request was blocked ({@code options} or a list's reason). */
	private final Map<Request, String> blockedReasons = new IdentityHashMap<>();

	/**
	 * Starts routing the requests of the context's pages; made before its page, so the
	 * page is made with the route in place ({@link #follow} the page once it is made).
	 * @param context the job's context
	 * @param spec what the options block
	 * @param egress the proxy that applies the URL policy
	 * @param rules the filter lists behind the blocking flags
	 */
	RequestRouter(BrowserContext context, SandboxSpec spec, EgressProxy egress, BlockingRules rules) {
		this.context = context;
		this.egress = egress;
		this.rules = rules;
		this.lists = spec.blocking().lists();
		this.blockedTypes = spec.blocking()
			.resourceTypes()
			.stream()
			.map(Emulation.ResourceType::browserName)
			.collect(Collectors.toSet());
		this.blockedGlobs = spec.blocking().urlPatterns().stream().map(UrlGlob::of).toList();
		if (!this.blockedTypes.isEmpty() || !this.blockedGlobs.isEmpty() || !this.lists.isEmpty()) {
			// every request, as a predicate: a glob ("**/*") needs the local
			// driver's LocalUtils, which a slot speaking to the host lacks
			this.context.route((url) -> true, (route) -> {
				if (!abortIfBlocked(route)) {
					route.resume();
				}
			});
		}
	}

	/**
	 * Notes the job's page's navigation requests, for {@link #blockedNavigation()}.
	 * @param page the job's page
	 */
	void follow(Page page) {
		page.onRequest((request) -> {
			if (request.isNavigationRequest() && request.frame() == page.mainFrame()) {
				this.mainFrameRequests.add(request.url());
			}
		});
	}

	/**
	 * Answers every request to {@code origin} from {@code files} (see
	 * {@link Sandbox#serve}); requests the options block stay blocked.
	 * @param origin the job's origin
	 * @param files the files by path
	 * @param isolate whether every request outside the origin is refused
	 */
	void serve(String origin, Map<String, byte[]> files, boolean isolate) {
		String base = origin + "/";
		if (isolate) {
			this.egress.isolate("a bundle reaches nothing outside its own files");
		}
		// registered after the blocking route, so it is asked first
		this.context.route((url) -> url.startsWith(base) || url.equals(origin), (route) -> {
			if (abortIfBlocked(route)) {
				return;
			}
			String path = pathOf(route.request().url(), base);
			byte[] content = files.get(path);
			if (content == null && (path.isEmpty() || path.endsWith("/"))) {
				path = path + "index.html";
				content = files.get(path);
			}
			if (content == null) {
				route.fulfill(new Route.FulfillOptions().setStatus(404)
					.setHeaders(Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store"))
					.setBody("Not in the bundle: /" + path));
				return;
			}
			route.fulfill(new Route.FulfillOptions().setStatus(200)
				.setHeaders(Map.of("Content-Type", Sources.contentType(path), "Cache-Control", "no-store"))
				.setBodyBytes(content));
		});
	}

	/**
	 * Whether the policy blocked a request of the main frame's navigation (the page or a
	 * redirect hop): a blocked {@code CONNECT} makes the navigation fail without a
	 * response.
	 * @return the policy's reason, or empty
	 */
	Optional<String> blockedNavigation() {
		for (String request : this.mainFrameRequests) {
			Optional<TargetHost> target = TargetHost.of(request);
			if (target.isPresent()) {
				Optional<String> reason = this.egress.blockedReason(target.get().host(), target.get().port());
				if (reason.isPresent()) {
					return reason;
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * @return requests the options blocked so far
	 */
	int blockedByOptions() {
		return this.blockedByOptions;
	}

	/**
	 * @return requests each switched-on filter list blocked so far (lists that blocked
	 * nothing are absent)
	 */
	Map<BlockList, Integer> blockedByLists() {
		return Map.copyOf(this.blockedByLists);
	}

	/**
	 * @return requests the URL policy blocked so far
	 */
	int blockedByPolicy() {
		return this.egress.blockedCount();
	}

	/**
	 * Why a request was not loaded, as {@code result.blockedRequestsByReason} names it.
	 * @param request a request of the page
	 * @param failure its failure text, or {@code null} when it did not fail
	 * @param response its response, or {@code null}
	 * @return {@code options}, a list's reason ({@code ads} …), {@code policy}, or empty
	 * for a request that was not blocked
	 */
	Optional<String> blockedReason(Request request, String failure, Response response) {
		String reason = this.blockedReasons.get(request);
		if (reason != null) {
			return Optional.of(reason);
		}
		if (response != null && response.headerValue(EgressProxy.BLOCKED_HEADER) != null) {
			return Optional.of("policy");
		}
		if (failure != null) {
			Optional<TargetHost> target = TargetHost.of(request.url());
			if (target.isPresent() && this.egress.blockedReason(target.get().host(), target.get().port()).isPresent()) {
				return Optional.of("policy");
			}
		}
		return Optional.empty();
	}

	private boolean abortIfBlocked(Route route) {
		Request request = route.request();
		if (isMainDocument(request)) {
			return false;
		}
		if (blockedByOptions(request)) {
			this.blockedByOptions++;
			this.blockedReasons.put(request, "options");
			route.abort("blockedbyclient");
			return true;
		}
		if (!this.lists.isEmpty()) {
			Optional<BlockList> list = this.rules.blockedBy(networkRequest(request), this.lists);
			if (list.isPresent()) {
				this.blockedByLists.merge(list.get(), 1, Integer::sum);
				this.blockedReasons.put(request, list.get().reason());
				route.abort("blockedbyclient");
				return true;
			}
		}
		return false;
	}

	private static boolean isMainDocument(Request request) {
		return request.isNavigationRequest() && request.frame().parentFrame() == null;
	}

	private boolean blockedByOptions(Request request) {
		return this.blockedTypes.contains(request.resourceType())
				|| this.blockedGlobs.stream().anyMatch((glob) -> glob.matches(request.url()));
	}

	/**
	 * The request as the lists see it; the initiator is the document of the frame that
	 * made it (of the parent frame, for a frame's own document).
	 */
	private static NetworkRequest networkRequest(Request request) {
		String initiator = null;
		try {
			var frame = request.frame();
			boolean document = "document".equals(request.resourceType());
			var initiatorFrame = (document && frame.parentFrame() != null) ? frame.parentFrame() : frame;
			initiator = initiatorFrame.url();
		}
		catch (com.microsoft.playwright.PlaywrightException ex) {
			// a service worker's request has no frame
		}
		return NetworkRequest.of(request.url(), request.resourceType(), false, initiator, request.method());
	}

	/**
	 * The decoded path of a URL on the origin, without query or fragment.
	 */
	private static String pathOf(String url, String base) {
		String rest = url.substring(Math.min(url.length(), base.length()));
		int end = rest.length();
		for (char stop : new char[] { '?', '#' }) {
			int at = rest.indexOf(stop);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		String raw = rest.substring(0, end);
		try {
			String decoded = new URI("/" + raw).getPath();
			return decoded.substring(1);
		}
		catch (URISyntaxException ex) {
			return raw;
		}
	}

}
