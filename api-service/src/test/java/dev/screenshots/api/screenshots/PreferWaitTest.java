package dev.screenshots.api.screenshots;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PreferWaitTest {

	@Test
	void readsTheWaitPreferenceAmongOthersAndCapsIt() {
		assertThat(PreferWait.of(List.of("wait=10")).seconds()).isEqualTo(10);
		assertThat(PreferWait.of(List.of("respond-async, wait=5")).seconds()).isEqualTo(5);
		assertThat(PreferWait.of(List.of("handling=lenient", "Wait = \"7\"")).seconds()).isEqualTo(7);
		assertThat(PreferWait.of(List.of("wait=600")).seconds()).isEqualTo(PreferWait.MAX_SECONDS);
	}

	@Test
	void ignoresWhatItCannotReadOrDoesNotAskToWait() {
		assertThat(PreferWait.of(null)).isEqualTo(PreferWait.NONE);
		assertThat(PreferWait.of(List.of("respond-async"))).isEqualTo(PreferWait.NONE);
		assertThat(PreferWait.of(List.of("wait=soon"))).isEqualTo(PreferWait.NONE);
		assertThat(PreferWait.of(List.of("wait=0"))).isEqualTo(PreferWait.NONE);
		assertThat(PreferWait.of(List.of("wait=-3"))).isEqualTo(PreferWait.NONE);
		assertThat(PreferWait.of(List.of("waiting=5"))).isEqualTo(PreferWait.NONE);
	}

}
