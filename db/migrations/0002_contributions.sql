CREATE TABLE `contribution_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contribution_id` integer NOT NULL,
	`actor_id` text,
	`event` text NOT NULL,
	`comment` text,
	`text_before` text,
	`text_after` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `contribution_events_contribution_idx` ON `contribution_events` (`contribution_id`,`id`);--> statement-breakpoint
CREATE TABLE `contribution_invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inviter_id` text,
	`email` text NOT NULL,
	`email_normalized` text NOT NULL,
	`theme_id` integer NOT NULL,
	`slug` text,
	`message` text DEFAULT '' NOT NULL,
	`closed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`inviter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contribution_invites_email_idx` ON `contribution_invites` (`email_normalized`,`closed_at`);--> statement-breakpoint
CREATE TABLE `contribution_modules` (
	`contribution_id` integer NOT NULL,
	`slug` text NOT NULL,
	PRIMARY KEY(`contribution_id`, `slug`),
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contribution_modules_slug_idx` ON `contribution_modules` (`slug`);--> statement-breakpoint
CREATE TABLE `contributions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contributor_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`theme_id` integer NOT NULL,
	`perspective` text NOT NULL,
	`credit` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`review_comment` text,
	`invite_id` integer,
	`submitted_at` integer,
	`published_at` integer,
	`decided_at` integer,
	`seen_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`contributor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`invite_id`) REFERENCES `contribution_invites`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `contributions_contributor_idx` ON `contributions` (`contributor_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `contributions_status_theme_idx` ON `contributions` (`status`,`theme_id`,`submitted_at`);