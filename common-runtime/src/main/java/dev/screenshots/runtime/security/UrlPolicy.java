package dev.screenshots.runtime.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.screenshots.model.security.NetworkRule;
import dev.screenshots.model.security.Addresses;
import dev.screenshots.model.security.TargetHost;

/**
 * Decides whether the service may connect to a host and port on a user's behalf, and to
 * which addresses. Every address a name resolves to must pass; the caller connects only
 * to the addresses returned, so what was checked is what is dialled (no DNS rebinding in
 * between).
 *
 * <p>
 * Order: the service's own infrastructure and {@code deny} entries are always denied;
 * then {@code allow} entries (by name, or by address range) admit non-public targets;
 * everything else must be a public address. Names under {@code localhost} are never
 * public.
 */
public final class UrlPolicy {

	private final UrlPolicyProperties properties;

	private final List<NetworkRule> allow;

	private final List<NetworkRule> deny;

	private final Resolver resolver;

	/**
	 * Resolves host names to addresses.
	 */
	@FunctionalInterface
	public interface Resolver {

		List<InetAddress> resolve(String host) throws UnknownHostException;

	}

	/**
	 * The outcome of a check.
	 *
	 * @param allowed whether the target may be reached
	 * @param reason why not, for logs and clients
	 * @param addresses the checked addresses to connect to (empty when denied or
	 * unresolved)
	 * @param unresolved whether the name could not be resolved (neither allowed nor
	 * denied)
	 */
	public record Decision(boolean allowed, String reason, List<InetAddress> addresses, boolean unresolved) {

		static Decision allow(List<InetAddress> addresses) {
			return new Decision(true, null, List.copyOf(addresses), false);
		}

		static Decision deny(String reason) {
			return new Decision(false, reason, List.of(), false);
		}

		static Decision unresolvable(String host) {
			return new Decision(false, "the host " + host + " could not be resolved", List.of(), true);
		}

	}

	/**
	 * Creates the policy.
	 * @param properties the operator's configuration
	 * @param infrastructure entries of the service's own infrastructure (database,
	 * broker, store, management port), denied whatever {@code allow} says
	 * @param dns the resolver used for names not in {@code static-hosts}
	 */
	public UrlPolicy(UrlPolicyProperties properties, List<String> infrastructure, Resolver dns) {
		this.properties = properties;
		this.allow = properties.allow().stream().map(NetworkRule::parse).toList();
		List<NetworkRule> denied = new ArrayList<>(properties.deny().stream().map(NetworkRule::parse).toList());
		infrastructure.stream().map(NetworkRule::parse).forEach(denied::add);
		this.deny = List.copyOf(denied);
		Map<String, List<String>> staticHosts = properties.staticHosts();
		this.resolver = (host) -> {
			List<String> fixed = staticHosts.get(host);
			if (fixed != null) {
				return fixed.stream().map((address) -> Addresses.literal(address).orElseThrow()).toList();
			}
			return dns.resolve(host);
		};
	}

	/**
	 * The policy with system DNS.
	 * @param properties the configuration
	 * @param infrastructure entries always denied
	 * @return the policy
	 */
	public static UrlPolicy withSystemDns(UrlPolicyProperties properties, List<String> infrastructure) {
		return new UrlPolicy(properties, infrastructure, (host) -> Arrays.asList(InetAddress.getAllByName(host)));
	}

	/**
	 * Checks a URL.
	 * @param url the URL
	 * @return the decision; URLs that are not absolute http(s) URLs with a valid host are
	 * denied
	 */
	public Decision check(String url) {
		Optional<TargetHost> target = TargetHost.of(url);
		if (target.isEmpty()) {
			return Decision.deny("only absolute http and https URLs with a valid host are allowed");
		}
		return check(target.get().host(), target.get().port());
	}

	/**
	 * Checks a normalised host and a port.
	 * @param host a host as {@link TargetHost#normaliseHost} returns it
	 * @param port the port
	 * @return the decision
	 */
	public Decision check(String host, int port) {
		for (NetworkRule rule : this.deny) {
			if (rule.matchesName(host, port)) {
				return Decision.deny(host + " is denied by the URL policy (" + rule.text() + ")");
			}
		}
		boolean nameAllowed = this.allow.stream().anyMatch((rule) -> rule.matchesName(host, port));
		if (!nameAllowed && (host.equals("localhost") || host.endsWith(".localhost"))) {
			return Decision.deny(host + " is a loopback name");
		}
		List<InetAddress> addresses;
		Optional<InetAddress> literal = Addresses.literal(host);
		if (literal.isPresent()) {
			addresses = List.of(literal.get());
		}
		else {
			try {
				addresses = resolve(host);
			}
			catch (UnknownHostException ex) {
				return Decision.unresolvable(host);
			}
			if (addresses.isEmpty()) {
				return Decision.unresolvable(host);
			}
		}
		for (InetAddress address : addresses) {
			String shown = literal.isPresent() ? address.getHostAddress()
					: host + " (" + address.getHostAddress() + ")";
			for (NetworkRule rule : this.deny) {
				if (rule.matchesAddress(address, port)) {
					return Decision.deny(shown + " is denied by the URL policy (" + rule.text() + ")");
				}
			}
			if (nameAllowed || this.allow.stream().anyMatch((rule) -> rule.matchesAddress(address, port))
					|| !this.properties.enabled()) {
				continue;
			}
			Optional<String> reason = Addresses.nonPublicReason(address);
			if (reason.isPresent()) {
				return Decision.deny(shown + " is a " + reason.get() + " address");
			}
		}
		return Decision.allow(addresses);
	}

	private List<InetAddress> resolve(String host) throws UnknownHostException {
		CompletableFuture<List<InetAddress>> lookup = new CompletableFuture<>();
		Thread.ofVirtual().start(() -> {
			try {
				lookup.complete(this.resolver.resolve(host));
			}
			catch (UnknownHostException | RuntimeException ex) {
				lookup.completeExceptionally(ex);
			}
		});
		try {
			return lookup.get(this.properties.resolveTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof UnknownHostException unknown) ? unknown
					: new UnknownHostException(host + ": " + ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new UnknownHostException(host + ": DNS lookup timed out");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new UnknownHostException(host + ": interrupted");
		}
	}

}
