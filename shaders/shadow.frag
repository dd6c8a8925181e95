#version 330 core
in float v_radial;
in float v_opacity;

out vec4 fragColor;

void main()
{
    // Gaussian-like falloff: dark core, soft rim.
    float a = v_opacity * exp(-3.0 * v_radial * v_radial) * (1.0 - v_radial);
    fragColor = vec4(0.0, 0.0, 0.0, a);
}
