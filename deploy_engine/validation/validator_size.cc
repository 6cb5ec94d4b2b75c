// size: files of the plan larger than the "max_bytes" option.

#include <sys/stat.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>

#include "deploy_engine/validation/validator.h"

namespace ua::engine {
namespace {

class SizeValidator : public Validator {
 public:
  SizeValidator(ValidatorConfig config, std::string severity, uint64_t max_bytes)
      : config_(std::move(config)), severity_(std::move(severity)), max_bytes_(max_bytes) {}

  Status Run(const ValidationInput& input, std::stop_token stop,
             std::vector<ValidationFinding>* findings) override {
    for (const std::string& rel : input.files) {
      if (stop.stop_requested()) return Status(StatusCode::kCancelled, "validation cancelled");
      struct stat st {};
      if (::stat((input.source_root / rel).c_str(), &st) != 0) {
        findings->push_back(MakeFinding(config_, rel, severity_,
                                        "cannot stat: " + ErrnoStatus("stat", errno).message()));
        continue;
      }
      const auto size = static_cast<uint64_t>(st.st_size);
      if (size > max_bytes_) {
        findings->push_back(MakeFinding(config_, rel, severity_,
                                        std::to_string(size) + " bytes, over the limit of " +
                                            std::to_string(max_bytes_) + " bytes"));
      }
    }
    return Status::Ok();
  }

 private:
  ValidatorConfig config_;
  std::string severity_;
  uint64_t max_bytes_;
};

}  // namespace

Result<std::unique_ptr<Validator>> NewSizeValidator(const ValidatorConfig& config,
                                                    const std::filesystem::path&) {
  UA_ASSIGN_OR_RETURN(std::string severity, SeverityOption(config));
  const nlohmann::json& o = config.options;
  if (!o.contains("max_bytes") || !o["max_bytes"].is_number_integer() ||
      o["max_bytes"].get<int64_t>() < 1) {
    return OptionError(config, "max_bytes", "missing or not an integer >= 1",
                       "give the largest allowed file size in bytes, e.g. \"max_bytes\": 1048576");
  }
  return std::unique_ptr<Validator>(std::make_unique<SizeValidator>(
      config, severity, static_cast<uint64_t>(o["max_bytes"].get<int64_t>())));
}

}  // namespace ua::engine
