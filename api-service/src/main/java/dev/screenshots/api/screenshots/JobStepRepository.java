package dev.screenshots.api.screenshots;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface JobStepRepository extends JpaRepository<JobStep, Long> {

	List<JobStep> findByJobIdOrderByIdAsc(UUID jobId);

}
