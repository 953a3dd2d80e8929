package dev.screenshots.worker.browser;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.screenshots.model.capture.ArtifactKind;
import dev.screenshots.model.job.ArtifactProblem;

import static org.assertj.core.api.Assertions.assertThat;

class PageArtifactTest {

	@Test
	void textWithinTheLimitIsKeptWhole() {
		PageArtifact artifact = PageArtifact.text(ArtifactKind.TEXT, "héllo", 6);

		assertThat(new String(artifact.content(), StandardCharsets.UTF_8)).isEqualTo("héllo");
		assertThat(artifact.problem()).isNull();
	}

	@Test
	void longerTextIsCutAtACharacterBoundaryAndMarked() {
		// "日" is three bytes: a limit of 4 falls inside the second character
		PageArtifact artifact = PageArtifact.text(ArtifactKind.HTML, "日本語", 4);

		assertThat(new String(artifact.content(), StandardCharsets.UTF_8)).isEqualTo("日");
		assertThat(artifact.content()).hasSize(3);
		assertThat(artifact.problem()).isEqualTo(ArtifactProblem.ARTIFACT_TRUNCATED);
		assertThat(artifact.message()).contains("9 bytes").contains("first 3");
	}

}
