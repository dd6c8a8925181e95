#include "stepmotion/core/error.h"

#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    if (argc > 1 && std::string(argv[1]) == "--version") {
        std::cout << "stepmotion " << "0.1.0" << "\n";
        return 0;
    }
    std::cerr << "usage: stepmotion --version\n";
    return 2;
}
