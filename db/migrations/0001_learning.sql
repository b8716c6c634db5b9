CREATE TABLE `certificates` (
	`code` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`kind` text DEFAULT 'intervention' NOT NULL,
	`subject_slug` text NOT NULL,
	`holder_name` text NOT NULL,
	`title` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`accreditation` text,
	`issued_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_user_subject_unique` ON `certificates` (`user_id`,`kind`,`subject_slug`);--> statement-breakpoint
CREATE TABLE `check_ins` (
	`intention_id` integer PRIMARY KEY NOT NULL,
	`outcome` text NOT NULL,
	`what_happened` text DEFAULT '' NOT NULL,
	`helped_or_hindered` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`intention_id`) REFERENCES `intentions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `compiled_interventions` (
	`hash` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`data` text NOT NULL,
	`compiled_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `evaluations` (
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`grade` integer NOT NULL,
	`most_useful` text DEFAULT '' NOT NULL,
	`missing` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evaluations_slug_idx` ON `evaluations` (`slug`);--> statement-breakpoint
CREATE TABLE `intentions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`text` text NOT NULL,
	`check_in_on` text NOT NULL,
	`invited_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intentions_user_slug_unique` ON `intentions` (`user_id`,`slug`);--> statement-breakpoint
CREATE INDEX `intentions_due_idx` ON `intentions` (`check_in_on`,`invited_at`);--> statement-breakpoint
CREATE TABLE `intervention_progress` (
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`started_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_activity_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`quiz_passed_at` integer,
	`completed_at` integer,
	`completed_version` text,
	PRIMARY KEY(`user_id`, `slug`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `intervention_progress_slug_idx` ON `intervention_progress` (`slug`);--> statement-breakpoint
CREATE TABLE `part_progress` (
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`part` text NOT NULL,
	`done_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `slug`, `part`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`answers` text NOT NULL,
	`score` integer NOT NULL,
	`total` integer NOT NULL,
	`passed` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_slug_idx` ON `quiz_attempts` (`user_id`,`slug`);--> statement-breakpoint
CREATE TABLE `reflections` (
	`user_id` text NOT NULL,
	`slug` text NOT NULL,
	`question_id` text NOT NULL,
	`answer` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`user_id`, `slug`, `question_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
