package dev.screenshots.api.screenshots;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface ScreenshotJobRepository extends JpaRepository<ScreenshotJob, UUID> {

}
