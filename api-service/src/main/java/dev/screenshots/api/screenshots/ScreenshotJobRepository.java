package dev.screenshots.api.screenshots;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScreenshotJobRepository extends JpaRepository<ScreenshotJob, UUID> {

	Optional<ScreenshotJob> findByIdAndTenant(UUID id, String tenant);

}
