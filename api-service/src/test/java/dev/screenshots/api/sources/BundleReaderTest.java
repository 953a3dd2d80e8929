package dev.screenshots.api.sources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleReaderTest {

	@Test
	void aPathIsLimitedInBytesOfUtf8AsAnObjectKeyIs() {
		String ascii = "a".repeat(507) + ".html";
		assertThat(BundleReader.normalise(ascii)).isEqualTo(ascii);

		// 259 characters, 513 bytes
		String accented = "é".repeat(254) + ".html";
		assertThatThrownBy(() -> BundleReader.normalise(accented)).isInstanceOf(InvalidBundleException.class)
			.hasMessageContaining("512 bytes");
	}

}
