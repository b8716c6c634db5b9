CREATE TABLE `webinar_evaluations` (
	`webinar_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`grade` integer NOT NULL,
	`takeaway` text DEFAULT '' NOT NULL,
	`improve` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`webinar_id`, `user_id`),
	FOREIGN KEY (`webinar_id`) REFERENCES `webinars`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `webinar_registrations` ADD `follow_up_sent_at` integer;