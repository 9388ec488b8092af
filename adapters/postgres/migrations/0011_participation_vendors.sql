-- Which booking vendors (registry ids) publish a practitioner's slots: the regulator search asks them for the
-- practitioner's places unless the practitioner refuses vendor slots (editor_disabled).
ALTER TABLE sas_practitioner ADD COLUMN vendor_ids text[] NOT NULL DEFAULT '{}';
