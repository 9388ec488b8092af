#pragma once

#include <string>
#include <string_view>

namespace sas::fhir::search
{

/// The form string search compares: ASCII letters lower-cased; Latin-1 letters (U+00C0–U+00FF) lower-cased and
/// stripped of their accents (é è ê ë → e, ç → c, À → a, Ñ → n), with æ → ae, ß → ss, þ → th; œ/Œ (U+0153/U+0152)
/// → oe and Ÿ → y for French; combining diacritics (U+0300–U+036F, decomposed input) dropped. Everything else,
/// including invalid UTF-8 bytes, is kept as is. "Hôpital Sainte-Anne" → "hopital sainte-anne".
std::string normalizeString(std::string_view text);

} // namespace sas::fhir::search
