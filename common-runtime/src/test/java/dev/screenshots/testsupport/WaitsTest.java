package dev.screenshots.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WaitsTest {

	private String configured;

	@BeforeEach
	void keepTheConfiguredFactor() {
		this.configured = System.getProperty(Waits.PROPERTY);
	}

	@AfterEach
	void restoreTheConfiguredFactor() {
		if (this.configured != null) {
			System.setProperty(Waits.PROPERTY, this.configured);
		}
		else {
			System.clearProperty(Waits.PROPERTY);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "3", "2.5", " 0.5 " })
	void limitsAreMultipliedByTheFactor(String factor) {
		System.setProperty(Waits.PROPERTY, factor);

		double expected = Double.parseDouble(factor.trim());
		assertThat(Waits.factor()).isEqualTo(expected);
		assertThat(Waits.scaled(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(Math.round(10_000 * expected)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-2", "three", "NaN", "Infinity", "1s" })
	void aFactorThatIsNotAPositiveNumberIsRefusedNamingIt(String factor) {
		System.setProperty(Waits.PROPERTY, factor);

		assertThatIllegalArgumentException().isThrownBy(Waits::factor)
			.withMessageContaining(Waits.PROPERTY)
			.withMessageContaining("'" + factor + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.1", "1", "3", "1000" })
	void aPageTimeoutStaysWithinWhatARequestMayAskFor(String factor) {
		System.setProperty(Waits.PROPERTY, factor);

		assertThat(Waits.pageTimeoutMillis(2_000)).isBetween(1_000L, 120_000L);
	}

}
