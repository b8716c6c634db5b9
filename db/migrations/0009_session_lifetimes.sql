CREATE TABLE `audit_log_people` (
	`entry_id` integer NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`entry_id`, `user_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `audit_log`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_log_people_user_idx` ON `audit_log_people` (`user_id`,`entry_id`);--> statement-breakpoint
-- Entries written before this table: a user as target, and the contributor of a contribution.
INSERT INTO `audit_log_people` (`entry_id`, `user_id`)
SELECT `id`, `target_id` FROM `audit_log`
WHERE `target_type` = 'user' AND `target_id` IN (SELECT `id` FROM `users`);--> statement-breakpoint
INSERT OR IGNORE INTO `audit_log_people` (`entry_id`, `user_id`)
SELECT a.`id`, c.`contributor_id` FROM `audit_log` a
JOIN `contributions` c ON c.`id` = CAST(a.`target_id` AS integer)
WHERE a.`target_type` = 'contribution';--> statement-breakpoint
-- SQLite cannot add a column with a non-constant default to a table with rows ("ALTER TABLE
-- sessions ADD created_at ... DEFAULT (unixepoch(...))"), so the table is rebuilt. Sessions that
-- exist now keep working; their absolute lifetime counts from this migration.
CREATE TABLE `__new_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_sessions` (`id`, `user_id`, `expires_at`) SELECT `id`, `user_id`, `expires_at` FROM `sessions`;--> statement-breakpoint
DROP TABLE `sessions`;--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`created_at`);
