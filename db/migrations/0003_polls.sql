-- poll_ballots and poll_participants are WITHOUT ROWID (added by hand): a rowid would keep the order
-- of voting, by which a ballot could be matched to its voter (docs/decisions/0009-polls.md).
CREATE TABLE `poll_ballots` (
	`poll_id` integer NOT NULL,
	`ballot_key` text NOT NULL,
	`user_id` text,
	`region` text,
	`points` text NOT NULL,
	PRIMARY KEY(`poll_id`, `ballot_key`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `poll_options` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`poll_id` integer NOT NULL,
	`label` text NOT NULL,
	`theme_id` integer,
	`status` text DEFAULT 'approved' NOT NULL,
	`suggested_by` text,
	`position` integer DEFAULT 0 NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`mentions` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`suggested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `poll_options_poll_idx` ON `poll_options` (`poll_id`,`position`);--> statement-breakpoint
CREATE TABLE `poll_participants` (
	`poll_id` integer NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`poll_id`, `user_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `poll_region_tallies` (
	`poll_id` integer NOT NULL,
	`region` text NOT NULL,
	`option_id` integer NOT NULL,
	`points` integer DEFAULT 0 NOT NULL,
	`mentions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`poll_id`, `region`, `option_id`),
	FOREIGN KEY (`poll_id`) REFERENCES `polls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `polls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question` text NOT NULL,
	`explanation` text DEFAULT '' NOT NULL,
	`method` text NOT NULL,
	`max_choices` integer,
	`audience` text DEFAULT 'all' NOT NULL,
	`audience_region` text,
	`audience_kind` text,
	`anonymous` integer DEFAULT false NOT NULL,
	`allow_suggestions` integer DEFAULT false NOT NULL,
	`results_visibility` text DEFAULT 'after_vote' NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`closed_at` integer,
	`theme_id` integer,
	`ballot_count` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
