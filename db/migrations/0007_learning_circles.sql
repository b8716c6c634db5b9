CREATE TABLE `circle_highlights` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer,
	`year` integer NOT NULL,
	`text` text NOT NULL,
	`updated_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `learning_circles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_highlights_circle_year_unique` ON `circle_highlights` (`circle_id`,`year`);--> statement-breakpoint
CREATE UNIQUE INDEX `circle_highlights_all_year_unique` ON `circle_highlights` (`year`) WHERE "circle_highlights"."circle_id" is null;--> statement-breakpoint
CREATE TABLE `circle_steps` (
	`circle_id` integer NOT NULL,
	`step` integer NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`updated_by` text,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`circle_id`, `step`),
	FOREIGN KEY (`circle_id`) REFERENCES `learning_circles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `learning_circles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`theme_id` integer NOT NULL,
	`entry_step` integer NOT NULL,
	`started_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `learning_circles_theme_unique` ON `learning_circles` (`theme_id`);--> statement-breakpoint
CREATE TABLE `network_meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`step` integer NOT NULL,
	`held_on` text NOT NULL,
	`participants` text DEFAULT '{}' NOT NULL,
	`experts_by_experience` integer DEFAULT 0 NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`decisions` text DEFAULT '' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `learning_circles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `network_meetings_circle_idx` ON `network_meetings` (`circle_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `signals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`region` text NOT NULL,
	`observed_on` text NOT NULL,
	`theme_id` integer,
	`linked_at` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `signals_theme_idx` ON `signals` (`theme_id`,`observed_on`);--> statement-breakpoint
CREATE INDEX `signals_observed_idx` ON `signals` (`observed_on`);