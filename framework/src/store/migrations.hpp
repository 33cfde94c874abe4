#pragma once
/// Versioned schema migrations: each applied once, in its own transaction, recorded in schema_migrations.
#include <string>
#include <vector>

#include "store/database.hpp"

namespace herald::store {

/// One schema change. `statements` returns the DDL for a dialect; statements run in order in one
/// transaction together with the schema_migrations row, so a migration is applied entirely or not at all.
struct Migration {
  int version;
  const char* name;
  std::vector<std::string> (*statements)(Dialect dialect);
};

/// Every migration, in ascending version order (the schema's history; never edit an applied one, add one).
const std::vector<Migration>& migrations();

/// Applies every migration newer than the database's version. Safe to run from several processes at
/// once: on PostgreSQL an advisory transaction lock serializes them, on SQLite BEGIN IMMEDIATE does.
/// Throws soci::soci_error when a statement fails (that migration is rolled back).
void apply_migrations(SessionLease& lease);

/// Highest applied version, 0 when schema_migrations is empty or absent.
int current_schema_version(SessionLease& lease);

}  // namespace herald::store
