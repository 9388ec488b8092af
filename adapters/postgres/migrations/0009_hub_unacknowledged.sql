-- A message the broker confirmed but whose LRM sent no final ack within that LRM's time-out becomes
-- `unacknowledged` (lrm-hub.md §2.11.6, behaviour 73): surfaced to operators, never resent blindly. A late ack
-- still moves it to `acknowledged`.
ALTER TABLE hub_message DROP CONSTRAINT hub_message_state_check;
ALTER TABLE hub_message ADD CONSTRAINT hub_message_state_check
    CHECK (state IN ('queued', 'sent', 'acknowledged', 'refused', 'delivered', 'retrying', 'failed', 'rejected',
                     'superseded', 'unacknowledged'));
-- The sweep looks only at sent messages, by age.
CREATE INDEX hub_message_sent ON hub_message (published_at) WHERE state = 'sent';
