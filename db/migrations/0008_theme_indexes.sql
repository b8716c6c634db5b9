CREATE INDEX `intentions_slug_idx` ON `intentions` (`slug`);--> statement-breakpoint
CREATE INDEX `webinars_theme_idx` ON `webinars` (`theme_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `action_learning_groups_theme_idx` ON `action_learning_groups` (`theme_id`);