CREATE TABLE `change_counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `change_counters` (`name`, `value`) VALUES ('contributions', 0);
--> statement-breakpoint
CREATE TRIGGER `contributions_insert_counted` AFTER INSERT ON `contributions` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_update_counted` AFTER UPDATE ON `contributions` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_delete_counted` AFTER DELETE ON `contributions` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `contribution_modules_insert_counted` AFTER INSERT ON `contribution_modules` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `contribution_modules_update_counted` AFTER UPDATE ON `contribution_modules` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `contribution_modules_delete_counted` AFTER DELETE ON `contribution_modules` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `users_name_counted` AFTER UPDATE OF `name` ON `users` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
--> statement-breakpoint
CREATE TRIGGER `themes_slug_counted` AFTER UPDATE OF `slug` ON `themes` BEGIN UPDATE `change_counters` SET `value` = `value` + 1 WHERE `name` = 'contributions'; END;
