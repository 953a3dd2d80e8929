package dev.screenshots.cli;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BatchCommandTest {

	@Test
	void theProgressBarFillsWithTheFinishedShareAndCountsFailures() {
		assertThat(BatchCommand.bar(0, 20, 0)).isEqualTo("[..............................] 0/20 finished");
		assertThat(BatchCommand.bar(5, 20, 1)).isEqualTo("[#######.......................] 5/20 finished, 1 failed");
		assertThat(BatchCommand.bar(20, 20, 0)).isEqualTo("[##############################] 20/20 finished");
		assertThat(BatchCommand.bar(0, 0, 0)).as("nothing accepted").startsWith("[###");
	}

	@Test
	void batchTakesOneFileImpliesWaitingAndKeepsTheOtherFlags() {
		CliOptions options = CliOptions.parse(new String[] { "batch", "--out", "shots", "--full-page", "urls.txt" },
				Map.of("SCREENSHOTS_API_KEY", "ssk_x"));

		assertThat(options.batchFile()).isEqualTo(Path.of("urls.txt"));
		assertThat(options.waitForResult()).isTrue();
		assertThat(options.urls()).isEmpty();
		assertThat(options.captureOptions()).containsEntry("fullPage", true);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CliOptions.parse(new String[] { "batch", "a.txt", "b.txt" },
					Map.of("SCREENSHOTS_API_KEY", "ssk_x")))
			.withMessageContaining("one FILE");
	}

}
