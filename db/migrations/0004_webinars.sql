CREATE TABLE `webinar_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`webinar_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`queued_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`promoted_at` integer,
	`cancelled_at` integer,
	`reminder_day_sent_at` integer,
	`reminder_hour_sent_at` integer,
	`attended` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`webinar_id`) REFERENCES `webinars`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webinar_registrations_unique` ON `webinar_registrations` (`webinar_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `webinar_registrations_queue_idx` ON `webinar_registrations` (`webinar_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE TABLE `webinars` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uid` text NOT NULL,
	`title` text NOT NULL,
	`theme_id` integer,
	`description` text DEFAULT '' NOT NULL,
	`speakers` text DEFAULT '[]' NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer NOT NULL,
	`registration_closes_at` integer NOT NULL,
	`join_url` text NOT NULL,
	`modules` text DEFAULT '[]' NOT NULL,
	`poll_id` integer,
	`recording_url` text,
	`slides_url` text,
	`sequence` integer DEFAULT 0 NOT NULL,
	`cancelled_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webinars_uid_unique` ON `webinars` (`uid`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `attachments` text DEFAULT '[]' NOT NULL;