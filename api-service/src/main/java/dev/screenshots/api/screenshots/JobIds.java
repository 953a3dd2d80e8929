package dev.screenshots.api.screenshots;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Job ids: UUID version 7 (RFC 9562), a millisecond timestamp followed by 74 random bits,
 * so ids sort by creation time and index well, and cannot be guessed.
 */
final class JobIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private JobIds() {
	}

	static UUID next() {
		long millis = System.currentTimeMillis();
		long random = RANDOM.nextLong();
		long mostSignificant = (millis << 16) | 0x7000L | ((random >>> 52) & 0x0FFFL);
		long leastSignificant = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(mostSignificant, leastSignificant);
	}

}
