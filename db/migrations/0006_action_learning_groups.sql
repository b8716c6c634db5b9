CREATE TABLE `action_learning_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`frame_id` integer,
	`name` text NOT NULL,
	`theme_id` integer,
	`learning_question` text NOT NULL,
	`aim` text DEFAULT '' NOT NULL,
	`planned_meetings` integer NOT NULL,
	`meeting_interval_weeks` integer NOT NULL,
	`max_members` integer NOT NULL,
	`confidentiality` text DEFAULT '' NOT NULL,
	`attendance` text DEFAULT '' NOT NULL,
	`commitment` text DEFAULT '' NOT NULL,
	`facilitator_id` text,
	`open_to_requests` integer DEFAULT true NOT NULL,
	`starts_on` text NOT NULL,
	`final_yield` text,
	`closed_at` integer,
	`closed_by` text,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`frame_id`) REFERENCES `group_frames`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`facilitator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `action_learning_groups_facilitator_idx` ON `action_learning_groups` (`facilitator_id`);--> statement-breakpoint
CREATE TABLE `group_action_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`action_id` integer NOT NULL,
	`actor_id` text,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`embedded_in` text,
	`embedding_evidence` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`action_id`) REFERENCES `group_actions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `group_action_updates_action_idx` ON `group_action_updates` (`action_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `group_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`meeting_id` integer,
	`description` text NOT NULL,
	`owner_id` text,
	`organisation_id` integer,
	`due_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`embedded_in` text,
	`embedding_evidence` text,
	`embedded_at` integer,
	`reminder_soon_sent_at` integer,
	`reminder_overdue_sent_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `action_learning_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `group_actions_group_idx` ON `group_actions` (`group_id`,`status`);--> statement-breakpoint
CREATE INDEX `group_actions_owner_idx` ON `group_actions` (`owner_id`,`status`);--> statement-breakpoint
CREATE INDEX `group_actions_due_idx` ON `group_actions` (`status`,`due_on`);--> statement-breakpoint
CREATE TABLE `group_frames` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`theme_id` integer,
	`learning_question` text NOT NULL,
	`aim` text DEFAULT '' NOT NULL,
	`planned_meetings` integer NOT NULL,
	`meeting_interval_weeks` integer NOT NULL,
	`max_members` integer NOT NULL,
	`confidentiality` text DEFAULT '' NOT NULL,
	`attendance` text DEFAULT '' NOT NULL,
	`commitment` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `group_meeting_attendance` (
	`meeting_id` integer NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `user_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `group_meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `group_meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`uid` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`agenda` text DEFAULT '' NOT NULL,
	`yield` text,
	`yield_recorded_at` integer,
	`sequence` integer DEFAULT 0 NOT NULL,
	`cancelled_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `action_learning_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `group_meetings_uid_unique` ON `group_meetings` (`uid`);--> statement-breakpoint
CREATE INDEX `group_meetings_group_idx` ON `group_meetings` (`group_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`invited_by` text,
	`joined_at` integer,
	`ended_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `action_learning_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`user_id`,`status`);