#version 330 core
// Instanced soft ground shadow: a unit disc placed at (x, z) with a radius and an opacity.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;          // x: radial coordinate 0 (centre) .. 1 (rim)
layout(location = 2) in vec4 a_xzRadiusOpacity;

uniform mat4 u_viewProj;
uniform float u_groundY;

out float v_radial;
out float v_opacity;

void main()
{
    vec3 world = vec3(a_xzRadiusOpacity.x, u_groundY, a_xzRadiusOpacity.y)
               + a_position * a_xzRadiusOpacity.z;
    v_radial = a_normal.x;
    v_opacity = a_xzRadiusOpacity.w;
    gl_Position = u_viewProj * vec4(world, 1.0);
}
