#pragma once

#include <optional>
#include <string>

namespace sas::core
{

/// A commune as a caller names it from its INSEE code.
struct CommuneName
{
    std::string name;        ///< as the reference table writes it ("BOURG EN BRESSE")
    std::string departement; ///< "01", "2A", "974"
};

/// The INSEE commune table and the département names, read-only: what the contextual call (INT_L01) needs to
/// turn an INSEE code into the address line the regulator sees. Implemented over the offline reference data
/// (adapters/geo/TableCommunes).
class Communes
{
public:
    virtual ~Communes() = default;
    /// The commune of a 5-character INSEE code ("01053", "2A004", "97411"); nullopt when unknown. Communes split
    /// into arrondissements (Paris 75056, Lyon 69123, Marseille 13055) are known by their own code too.
    virtual std::optional<CommuneName> byInsee(const std::string& insee) const = 0;
    /// The label of a département ("Ain", "Corse-du-Sud"); nullopt when unknown.
    virtual std::optional<std::string> departementLabel(const std::string& code) const = 0;
};

} // namespace sas::core
