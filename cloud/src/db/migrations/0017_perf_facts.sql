CREATE INDEX "counter_pauses_hall_started" ON "counter_pauses" USING btree ("hall_id","started_at");--> statement-breakpoint
CREATE INDEX "counter_sessions_hall_opened" ON "counter_sessions" USING btree ("hall_id","opened_at");--> statement-breakpoint
CREATE INDEX "hall_events_transfers" ON "hall_events" USING btree ("hall_id","at") WHERE type = 'ticket.transferred';--> statement-breakpoint
CREATE INDEX "ratings_hall_at" ON "ratings" USING btree ("hall_id","at");